package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tail keeps the last bytes, however they arrive. */
class OutputTailTest {

    @Test
    void keepsEverythingUntilFull() {
        OutputTail tail = new OutputTail(10);
        tail.append("abc");
        tail.append("def");

        assertEquals("abcdef", tail.text());
    }

    @Test
    void keepsTheLastBytesAcrossTheWrap() {
        OutputTail tail = new OutputTail(10);
        for (int i = 0; i < 7; i++) {
            tail.append("0123");
        }

        assertEquals("2301230123", tail.text());
    }

    @Test
    void chunkLargerThanTheTailKeepsItsEnd() {
        OutputTail tail = new OutputTail(4);
        tail.append("xy");
        tail.append("abcdefgh");

        assertEquals("efgh", tail.text());
    }

    @Test
    void characterCutAtTheStartIsDropped() {
        OutputTail tail = new OutputTail(4);
        byte[] bytes = "aé€".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 bytes: the tail holds é's last byte and €

        tail.append(bytes, 0, bytes.length);

        assertEquals("€", tail.text());
    }
}
