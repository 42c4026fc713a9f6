/**
 * What happens to a built image: assembling its config and manifest, and the exporters of
 * BuildKit's {@code -o/--output} types ({@code image}, {@code registry}, {@code oci},
 * {@code docker}, {@code local}, {@code tar}) plus {@code --load} and {@code --push}, made from an
 * {@link dev.jbuild.core.export.OutputSpec} by {@link dev.jbuild.core.export.Exporters}, and the
 * {@code --metadata-file} a build leaves for CI ({@link dev.jbuild.core.export.BuildMetadata}).
 */
package dev.jbuild.core.export;
