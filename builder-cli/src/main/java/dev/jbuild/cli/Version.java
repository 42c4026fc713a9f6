package dev.jbuild.cli;

import picocli.CommandLine;

/** The version printed by {@code jbuild --version}, from the jar manifest. */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"jbuild " + (version == null ? "(development build)" : version)};
    }
}
