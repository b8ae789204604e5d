package io.seqbench.bench.report;

import java.awt.Color;
import java.util.Map;

/**
 * One colour per backend, the same in every picture (plots and the page's SVG), so that a reader learns it once. From
 * the Tableau 10 palette, which stays distinct for the common colour-vision deficiencies; an unknown backend is grey.
 */
public final class BackendColours {
    private static final Map<String, String> HEX = Map.of("djl", "#1f77b4", "dl4j", "#ff7f0e", "dl4j-samediff", "#2ca02c",
            "tribuo", "#9467bd", "tensorflow", "#d62728");
    private static final String OTHER = "#7f7f7f";

    private BackendColours() {
    }

    /** The backend's colour as CSS/SVG writes it. */
    public static String hex(String backend) {
        return HEX.getOrDefault(backend, OTHER);
    }

    /** The backend's colour for XChart. */
    public static Color awt(String backend) {
        return Color.decode(hex(backend));
    }
}
