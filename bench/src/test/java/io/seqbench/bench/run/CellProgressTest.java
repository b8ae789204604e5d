package io.seqbench.bench.run;

import io.seqbench.bench.report.ReportsTest;
import io.seqbench.common.result.CellResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** Off a terminal, progress is one plain line per finished cell: no carriage returns, no redrawn bar. */
public class CellProgressTest {
    @Test
    void plainLinesOffATerminal() throws Exception {
        CellResult cell = ReportsTest.cellWithLstm(null);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (CellProgress p = CellProgress.forStream(false, new PrintStream(buf, true, StandardCharsets.UTF_8), 2)) {
            for (String label : new String[]{"sum3/lstm@djl s1", "sum3/lstm@dl4j s1"}) {
                p.starting(label);
                p.finished(label, cell);
            }
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), out);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.lines().toList().get(1).startsWith("[2/2] sum3/lstm@dl4j s1 " + cell.status().name().toLowerCase()), out);
    }
}
