package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuidsTest {
    @Test
    void sortsLikeSqlServerUniqueidentifier() {
        // SQL Server compares the last group first, then the fourth, then the first three byte-swapped
        List<String> ids = new ArrayList<>(List.of(
                "00000000-0000-0000-0000-000000000002",
                "00000000-0000-0000-0001-000000000001",
                "00000000-0000-0001-0000-000000000001",
                "01000000-0000-0000-0000-000000000001",
                "00000001-0000-0000-0000-000000000001",
                "00000000-0000-0000-0000-000000000001"));
        ids.sort(Comparator.comparing(Guids::sortKey));
        assertThat(ids).containsExactly(
                "00000000-0000-0000-0000-000000000001",
                "01000000-0000-0000-0000-000000000001",
                "00000001-0000-0000-0000-000000000001",
                "00000000-0000-0001-0000-000000000001",
                "00000000-0000-0000-0001-000000000001",
                "00000000-0000-0000-0000-000000000002");
    }

    @Test
    void normalizesCaseAndBraces() {
        assertThat(Guids.normalize("{49B0BE2E-D01C-ED11-B83E-000D3A572421}"))
                .isEqualTo("49b0be2e-d01c-ed11-b83e-000d3a572421");
        assertThat(Guids.normalize("not-a-guid")).isNull();
    }
}
