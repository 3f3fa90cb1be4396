package io.copygate.broker.ninjatrader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Maven builds the NinjaTrader add-on with Mono and runs its C# tests: all of them must pass. */
class BridgeBuildTest {

    @Test
    void theAddOnBuildsAndEveryCSharpTestPasses() {
        BridgeBuild.Result r = BridgeBuild.buildAndTest();
        Matcher m = Pattern.compile("(\\d+) passed, (\\d+) failed").matcher(r.closingLine());
        assertTrue(m.matches(), "build.sh --test must end with 'N passed, N failed'; it ended (exit " + r.exitCode() + ") with:\n" + r.output());
        assertEquals("0", m.group(2), "C# tests failed:\n" + r.output());
        assertTrue(Integer.parseInt(m.group(1)) > 0, "no C# test ran:\n" + r.output());
        assertEquals(0, r.exitCode(), r.output());
    }
}
