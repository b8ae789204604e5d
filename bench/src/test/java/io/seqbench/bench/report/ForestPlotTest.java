package io.seqbench.bench.report;

import io.seqbench.bench.speed.SpeedVerdicts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The forest plot is as tall as its verdicts: its key must stand above the rows, where the first screen shows it. */
class ForestPlotTest {
    @Test
    void theKeyStandsAboveTheFirstRowAndInsideThePicture() {
        List<SpeedVerdicts.Verdict> verdicts = new ArrayList<>();
        String[] faster = {"djl", "dl4j", "dl4j-samediff", "tensorflow"}; // every colour in the key, as published
        for (int i = 0; i < 90; i++) {
            String a = faster[i % 4];
            String b = faster[(i + 1) % 4];
            verdicts.add(new SpeedVerdicts.Verdict("sum3", "m" + i, "-", a, b, 0.5, 0.4, 0.6, 0.05,
                    0.01, 4, 4, a + " faster by 2.00x [1.67x, 2.50x]", "epoch"));
        }
        verdicts.add(new SpeedVerdicts.Verdict("sum3", "tie", "-", "tensorflow", "dl4j", 1.0, 0.9, 1.1, 0.05, 0.5, 4, 4,
                "no difference detected (4 forks each)", "epoch"));
        String svg = ForestPlot.svg(verdicts);
        int width = Integer.parseInt(first(svg, "width=\"(\\d+)\""));
        int firstRow = Integer.parseInt(first(svg.substring(svg.indexOf("class=\"forest-row\"")), "y=\"(\\d+)\""));
        Matcher key = Pattern.compile("<text x=\"(\\d+)\" y=\"(\\d+)\">([a-z0-9-]+ faster|no difference detected)</text>").matcher(svg);
        int found = 0;
        while (key.find()) {
            assertTrue(Integer.parseInt(key.group(2)) < firstRow, key.group(3) + " above the first row at y " + firstRow);
            assertTrue(Integer.parseInt(key.group(1)) + 8 * key.group(3).length() < width, key.group(3) + " inside the width");
            found++;
        }
        assertEquals(5, found, "the key names each faster backend and the hollow point");
    }

    private static String first(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        assertTrue(m.find(), regex);
        return m.group(1);
    }
}
