package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstrumentMapsTest {
    private final InstrumentMaps maps = new InstrumentMaps(Map.of("ES", Map.of("MES", BigDecimal.TEN),
            "XX", Map.of("YY", new BigDecimal("3"))));

    @Test
    void convertsBothWaysExactlyAndKnowsOnlyWhatIsMapped() {
        assertEquals(0, new BigDecimal("30").compareTo(maps.convert(new BigDecimal("3"), "ES", "MES")));
        assertEquals(0, new BigDecimal("0.5").compareTo(maps.convert(new BigDecimal("5"), "MES", "ES")));
        assertEquals(0, BigDecimal.ONE.compareTo(maps.convert(new BigDecimal("3"), "YY", "XX")), "divides, no rounded inverse");
        assertEquals("÷10", maps.ratioText("MES", "ES"));
        assertNull(maps.convert(BigDecimal.ONE, "ES", "MNQ"));
    }
}
