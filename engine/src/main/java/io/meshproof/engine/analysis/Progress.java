package io.meshproof.engine.analysis;

/** Told how far reading has got, so a terminal can show progress. Called from the reading thread. */
@FunctionalInterface
public interface Progress {
    /**
     * @param capture the file being read
     * @param bytesRead bytes of the file consumed so far
     * @param totalBytes the file's size, or -1 when unknown
     */
    void update(String capture, long bytesRead, long totalBytes);

    Progress NONE = (capture, bytesRead, totalBytes) -> { };
}
