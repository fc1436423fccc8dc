package io.meshproof.repl;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = MeshproofCommand.class.getPackage().getImplementationVersion();
        return new String[] {"meshproof " + (version == null ? "(development build)" : version)};
    }
}
