package dev.jbuild.grammar.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitectureTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"x86_64,amd64", "X86-64,amd64", "amd64,amd64", "aarch64,arm64", "arm64,arm64", "armhf,arm",
        "armel,arm", "arm,arm", "i386,386", "386,386", "ppc64le,ppc64le", "RISCV64,riscv64", "i686,i686"})
    void aliasesAreContainerdsAndOtherNamesAreKept(String alias, String oci) {
        assertEquals(oci, Architecture.normalize(alias));
    }

    @ParameterizedTest(name = "os.arch {0} is {1}")
    @CsvSource({"amd64,amd64", "x86_64,amd64", "aarch64,arm64", "x86,386", "i686,386", "i386,386", "s390x,s390x"})
    void jvmNamesBecomeOciNames(String osArch, String oci) {
        assertEquals(oci, Architecture.ofJvm(osArch));
    }

    @Test
    void hostIsTheJvmsArchitecture() {
        assertEquals(Architecture.ofJvm(System.getProperty("os.arch")), Architecture.host());
    }
}
