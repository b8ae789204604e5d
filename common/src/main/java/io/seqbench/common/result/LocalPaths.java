package io.seqbench.common.result;

import java.util.regex.Pattern;

/**
 * Result files name no place on the machine that made them: where a machine kept its Maven repository, its run
 * directories or its native caches says nothing about the results, and it should not be published. Every absolute path
 * is cut to its last name ({@code /work/runs/grid5} becomes {@code .../grid5}).
 */
public final class LocalPaths {
    /** An absolute file path: a slash after a space, bracket, quote or separator, then directories and a name. */
    private static final Pattern PATH = Pattern.compile("(?<=[\\s(`'\"=:;,\\[]|^)/(?:[A-Za-z0-9._+-]+/)+([A-Za-z0-9._+-]+)",
            Pattern.MULTILINE);

    private LocalPaths() {
    }

    public static String strip(String text) {
        return PATH.matcher(text).replaceAll(".../$1");
    }

    /** Whether the text names an absolute path. */
    public static boolean any(String text) {
        return PATH.matcher(text).find();
    }
}
