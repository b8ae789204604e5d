package io.seqbench.common;

import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskParams;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Bad parameters are rejected with a message naming the parameter and the allowed range. */
class ParamsTest {

    static String reject(String task, Map<String, String> params) {
        Task t = Tasks.byId(task);
        return assertThrows(IllegalArgumentException.class, () -> TaskParams.resolve(t, params)).getMessage();
    }

    @Test
    void meanonesRejectsMoreRowsThanExist() {
        String msg = reject("meanones", Map.of("L", "200", "N", "202"));
        assertTrue(msg.contains("meanones.N=202") && msg.contains("[2, 201]"), msg);
    }

    @Test
    void echoRejectsAZeroWindow() {
        String msg = reject("echo", Map.of("window", "0"));
        assertTrue(msg.contains("echo.window=0") && msg.contains("[1, 100]"), msg);
    }

    @Test
    void rejectsNonNumbersFractionsUnknownNamesAndChoices() {
        assertTrue(reject("meanones", Map.of("L", "abc")).contains("not a number"));
        assertTrue(reject("meanones", Map.of("L", "2.5")).contains("an integer in [1, 10000]"));
        assertTrue(reject("meanones", Map.of("X", "1")).contains("unknown parameter meanones.X"));
        assertTrue(reject("sum3", Map.of("X", "1")).contains("takes no parameters"));
        assertTrue(reject("echo", Map.of("encoding", "binary")).contains("one of raw, onehot"));
        assertTrue(reject("progression", Map.of("cmin", "5", "cmax", "2")).contains("must be <"));
    }

    @Test
    void unknownTaskAndModelListTheKnownOnes() {
        String t = assertThrows(IllegalArgumentException.class, () -> Tasks.byId("sum4")).getMessage();
        assertTrue(t.contains("unknown task 'sum4'") && t.contains("sum3"), t);
        String m = assertThrows(IllegalArgumentException.class, () -> Tasks.byId("sum3").model("gru")).getMessage();
        assertTrue(m.contains("unknown model 'gru'") && m.contains("bidirectional"), m);
    }

    @Test
    void defaultsAreResolvedAndPrintedStably() {
        TaskParams p = TaskParams.resolve(Tasks.byId("meanones"), Map.of("N", "130.0"));
        assertEquals("L=200,N=130", p.toString());
        assertEquals("-", TaskParams.resolve(Tasks.byId("sum3"), Map.of()).toString());
    }
}
