package dev.jbuild.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code -o} values read as buildx reads them, and every mistake named with the flag and the attribute. */
class OutputSpecTest {

    private static final ExportTargets TARGETS = new ExportTargets(OutputStream.nullOutputStream(), false,
            List.of("docker.io/library/app:latest"));

    private static String error(String text) {
        return assertThrows(ExportOptionException.class,
                () -> Exporters.create(OutputSpec.parse(text), TARGETS, w -> { })).getMessage();
    }

    @Test
    void fieldsAreCsvSoAQuotedNameKeepsItsComma() {
        OutputSpec spec = OutputSpec.parse("type=image,\"name=a:1,b:2\",push=true");
        assertEquals("image", spec.type());
        assertEquals(Map.of("name", "a:1,b:2", "push", "true"), spec.attributes());
    }

    @Test
    void aBareDirectoryIsLocalAndADashIsATarOnStandardOutput() {
        assertEquals(new OutputSpec("--output", "out", "local", Map.of("dest", "out")), OutputSpec.parse("out"));
        assertEquals(new OutputSpec("--output", "-", "tar", Map.of("dest", "-")), OutputSpec.parse("-"));
        assertInstanceOf(LocalExporter.class, Exporters.create(OutputSpec.parse("out"), TARGETS, w -> { }));
        assertInstanceOf(TarExporter.class, Exporters.create(OutputSpec.parse("-"), TARGETS, w -> { }));
    }

    @Test
    void unknownAttributeIsAnErrorListingTheKnownOnes() {
        assertEquals("--output type=oci,dest=x.tar,colour=blue: unknown attribute 'colour' for type=oci (known: "
                + "compression, compression-level, dest, force-compression, name, oci-mediatypes, tar, "
                + "annotation[-manifest|-index].KEY)", error("type=oci,dest=x.tar,colour=blue"));
        assertEquals("--output type=local,dest=d,annotation.a=b: unknown attribute 'annotation.a' for type=local "
                + "(known: dest)", error("type=local,dest=d,annotation.a=b"));
    }

    @Test
    void unknownOrMissingTypeIsAnErrorListingTheTypes() {
        assertEquals("--output type=cacheonly: unknown type 'cacheonly' (known: image, registry, oci, docker, local, tar)",
                error("type=cacheonly"));
        assertEquals("--output dest=x: type=TYPE is missing (one of image, registry, oci, docker, local, tar)",
                assertThrows(ExportOptionException.class, () -> OutputSpec.parse("dest=x")).getMessage());
    }

    @Test
    void badValuesNameTheAttribute() {
        assertEquals("--output type=oci: type=oci needs dest=FILE (or - for standard output)", error("type=oci"));
        assertEquals("--output type=oci,dest=x,compression=lz4: compression=lz4 is not gzip, zstd or uncompressed",
                error("type=oci,dest=x,compression=lz4"));
        assertEquals("--output type=oci,dest=x,tar=maybe: tar=maybe is not true or false", error("type=oci,dest=x,tar=maybe"));
        assertEquals("--output type=oci,dest=x,compression=gzip,compression-level=12: compression-level=12 is out of "
                + "range for gzip (1-9)", error("type=oci,dest=x,compression=gzip,compression-level=12"));
        assertEquals("--output type=docker,dest=x,tar=false: tar=false is only for type=oci (a docker archive is "
                + "always a tar)", error("type=docker,dest=x,tar=false"));
        assertEquals("--output type=oci,dest: 'dest' is not key=value",
                assertThrows(ExportOptionException.class, () -> OutputSpec.parse("type=oci,dest")).getMessage());
        assertEquals("--output type=image,registry.insecure=true: registry.insecure=true: jbuild's registry client "
                + "decides per registry; give --insecure-registry HOST[:PORT] instead", error("type=image,registry.insecure=true"));
        assertEquals("--output type=image,name=UPPER:1: invalid reference \"UPPER:1\": repository name must be lowercase",
                error("type=image,name=UPPER:1").replaceAll("repository name.*", "repository name must be lowercase"));
    }

    @Test
    void theFlagNameIsTheCallersSoTheMavenPluginCanNameItsElement() {
        ExportOptionException e = assertThrows(ExportOptionException.class,
                () -> Exporters.create(OutputSpec.parse("<outputs>", "type=nope"), TARGETS, w -> { }));
        assertEquals("<outputs> type=nope: unknown type 'nope' (known: image, registry, oci, docker, local, tar)",
                e.getMessage());
    }

    @Test
    void acceptedAndIgnoredImageAttributesAreNotErrors() {
        assertInstanceOf(ImageExporter.class, Exporters.create(OutputSpec.parse(
                "type=image,unpack=true,name-canonical=true,store=false,dangling-name-prefix=x"), TARGETS, w -> { }));
    }
}
