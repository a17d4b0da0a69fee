package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataExceptionTest {
    @Test
    void quoteKeepsMessagesOnOneLine() {
        assertThat(DataException.quote("abc")).isEqualTo("'abc'");
        assertThat(DataException.quote("a\nb\r\tc\u0001")).isEqualTo("'a\\nb\\r\\tc\\u0001'");
        assertThat(DataException.quote("x".repeat(100))).isEqualTo("'" + "x".repeat(60) + "...'");
        assertThat(DataException.atCell("f.csv", 3, "c", "empty cell").getMessage())
                .isEqualTo("f.csv: line 3, column 'c': empty cell");
        assertThat(new DataException("m")).isInstanceOf(IllegalArgumentException.class);
    }
}
