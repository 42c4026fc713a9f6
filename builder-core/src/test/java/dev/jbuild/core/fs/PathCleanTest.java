package dev.jbuild.core.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathCleanTest {

    @ParameterizedTest(name = "\"{0}\" cleans to \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "''|.",
        "abc|abc",
        "abc/def|abc/def",
        "a/b/c|a/b/c",
        ".|.",
        "..|..",
        "../..|../..",
        "../../abc|../../abc",
        "/abc|/abc",
        "/|/",
        "abc/|abc",
        "abc/def/|abc/def",
        "/abc/|/abc",
        "abc//def//ghi|abc/def/ghi",
        "//abc|/abc",
        "///abc|/abc",
        "abc//|abc",
        "abc/./def|abc/def",
        "/./abc/def|/abc/def",
        "abc/.|abc",
        "abc/def/ghi/../jkl|abc/def/jkl",
        "abc/def/../ghi/../jkl|abc/jkl",
        "abc/def/..|abc",
        "abc/def/../..|.",
        "/abc/def/../..|/",
        "abc/def/../../..|..",
        "/abc/def/../../..|/",
        "abc/def/../../../ghi/jkl/../../../mno|../../mno",
        "/../abc|/abc",
        "abc/./../def|def",
        "abc//./../def|def",
        "abc/../../././../def|../../def",
    })
    void cleansLikeGo(String path, String cleaned) {
        assertEquals(cleaned, PathClean.of(path));
    }

    @ParameterizedTest
    @CsvSource({"..", "../x", "../../x"})
    void climbingOutIsSeen(String path) {
        assertTrue(PathClean.climbsOut(PathClean.of(path)));
    }

    @ParameterizedTest
    @CsvSource({"x", "..x", "x/..y", "."})
    void namesStartingWithDotsDoNotClimbOut(String path) {
        assertFalse(PathClean.climbsOut(PathClean.of(path)));
    }
}
