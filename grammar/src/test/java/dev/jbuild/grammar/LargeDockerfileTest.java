package dev.jbuild.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbuild.grammar.bench.LargeDockerfile;
import org.junit.jupiter.api.Test;

class LargeDockerfileTest {

    @Test
    void tenThousandLineDockerfileParsesIntoAllItsInstructions() throws Exception {
        String text = LargeDockerfile.generate(10_000);
        Dockerfile parsed = new DockerfileParser("Dockerfile").parse(text);
        int blocks = 10_000 / LargeDockerfile.LINES_PER_BLOCK;
        assertEquals(blocks * LargeDockerfile.INSTRUCTIONS_PER_BLOCK, parsed.instructions().size());
        assertEquals(10_000, parsed.lines().size());
        Instruction lastRun = parsed.instructions().get(parsed.instructions().size() - 3);
        assertEquals("#!/bin/sh\necho heredoc " + (blocks - 1) + "\n  indented line with \\ backslash\n",
                lastRun.heredocs().get(0).content());
    }
}
