package io.copygate.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollRuleTest {
    private static final RollRule ES = new RollRule("HMUZ", "third-friday", 0, 8);
    private static final RollRule CL = new RollRule("FGHJKMNQUVXZ", "day:20", -1, 5);

    @ParameterizedTest
    @CsvSource({
            // ESZ26 expires Fri 2026-12-18, rolls 8 days earlier on Thu 2026-12-10
            "2026-11-22, 1, 2026-12",
            "2026-12-09, 1, 2026-12",
            "2026-12-10, 1, 2027-03",
            "2026-11-22, 2, 2027-03",
            "2027-03-11, 1, 2027-06"})
    void equityIndexFrontMonth(LocalDate today, int index, YearMonth expected) {
        assertEquals(expected, ES.nearby(index, today));
    }

    @ParameterizedTest
    @CsvSource({
            // CLF27 (January) stops trading around 2026-12-20 and rolls 5 days before
            "2026-11-22, 2027-01",
            "2026-12-15, 2027-02"})
    void crudeRollsInTheMonthBefore(LocalDate today, YearMonth expected) {
        assertEquals(expected, CL.nearby(1, today));
    }

    @ParameterizedTest
    @CsvSource({"2025-12, 2025-12-19", "2026-03, 2026-03-20", "2026-12, 2026-12-18"})
    void thirdFriday(YearMonth contract, LocalDate expiry) {
        assertEquals(expiry, ES.expiryOf(contract));
    }
}
