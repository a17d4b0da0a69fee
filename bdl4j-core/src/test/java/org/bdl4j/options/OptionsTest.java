package org.bdl4j.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Descriptors check and parse values with one-line errors; values fall back to defaults; enum names are uniform. */
class OptionsTest {
    enum Colour { DARK_RED, BLUE }

    enum Spelled implements EnumNames.Named {
        LOCAL_REPARAM;

        @Override
        public String cliName() {
            return "local";
        }
    }

    static final OptionDescriptor<Integer> SAMPLES = OptionDescriptor.integer("samples", 100)
            .withRule(Rule.atLeast(1)).withHelp("Monte Carlo samples").withLabel("S");
    static final OptionDescriptor<Double> RATE = OptionDescriptor.number("rate", null)
            .withRule(Rule.interval(0, true, 1, false)).withDefaultText("the training rate");

    @Test
    void checkNamesTheOptionTheRuleAndTheValue() {
        assertThat(SAMPLES.check(5)).isEqualTo(5);
        assertThatThrownBy(() -> SAMPLES.check(0)).isInstanceOf(InvalidOptionException.class)
                .hasMessage("samples must be >= 1, found 0");
        assertThatThrownBy(() -> RATE.check(1.5)).hasMessage("rate must be in [0, 1), found 1.5");
        assertThatThrownBy(() -> RATE.check(Double.NaN)).hasMessage("rate must be in [0, 1), found NaN");
        assertThatThrownBy(() -> OptionDescriptor.number("x", 1.0).withRule(Rule.greaterThan(0)).check(-0.5))
                .hasMessage("x must be > 0, found -0.5");
        assertThatThrownBy(() -> OptionDescriptor.number("x", 1.0).withRule(Rule.greaterThan(0))
                .check(Double.POSITIVE_INFINITY)).hasMessage("x must be > 0, found Infinity");
    }

    @Test
    void aDefaultMustObeyTheRule() {
        assertThatThrownBy(() -> OptionDescriptor.integer("k", 0).withRule(Rule.atLeast(1)))
                .hasMessage("k must be >= 1, found 0");
    }

    @Test
    void parseReportsTheExpectedFormAndTheText() {
        assertThat(SAMPLES.parse(" 7 ")).isEqualTo(7);
        assertThatThrownBy(() -> SAMPLES.parse("many")).hasMessage("samples must be an integer, found 'many'");
        assertThatThrownBy(() -> SAMPLES.parse("0")).hasMessage("samples must be >= 1, found 0");
        OptionDescriptor<double[]> grid = OptionDescriptor.of("grid", ValueType.NUMBERS, new double[] {1e-4, 1e4, 21});
        assertThat(grid.parse("1, 2.5,3")).containsExactly(1, 2.5, 3);
        assertThat(grid.defaultDescription()).isEqualTo("1.0E-4,10000,21");
    }

    @Test
    void enumNamesAreLowerCaseWithDashesUnlessTheEnumSpellsThem() {
        assertThat(EnumNames.of(Colour.DARK_RED)).isEqualTo("dark-red");
        assertThat(EnumNames.of(Spelled.LOCAL_REPARAM)).isEqualTo("local");
        assertThat(EnumNames.parse(Colour.class, " Dark-Red ", "colour")).isEqualTo(Colour.DARK_RED);
        assertThatThrownBy(() -> EnumNames.parse(Colour.class, "green", "colour"))
                .hasMessage("colour must be dark-red or blue, found 'green'");
        OptionDescriptor<Colour> c = OptionDescriptor.choice("colour", Colour.class, Colour.BLUE);
        assertThat(c.label()).isEqualTo("dark-red|blue");
        assertThatThrownBy(() -> c.parse("green")).hasMessage("colour must be dark-red or blue, found 'green'");
    }

    @Test
    void valuesFallBackToDefaultsAndDescribeEveryOption() {
        OptionValues v = OptionValues.empty().with(SAMPLES, 30);
        assertThat(v.get(SAMPLES)).isEqualTo(30);
        assertThat(v.isSet(RATE)).isFalse();
        assertThat(v.get(RATE)).isNull();
        assertThat(OptionValues.empty().get(SAMPLES)).isEqualTo(100);
        assertThat(v.describe(java.util.List.of(SAMPLES, RATE)))
                .isEqualTo(Map.of("samples", "30", "rate", "(the training rate)"));
        assertThatThrownBy(() -> v.with(SAMPLES, -1)).hasMessage("samples must be >= 1, found -1");
        assertThat(v.without(SAMPLES).isSet(SAMPLES)).isFalse();
    }

    @Test
    void messagesRenderOptionNamesAsTheFrontEndSpellsThem() {
        InvalidOptionException e = new InvalidOptionException("moped-delta",
                "{moped-delta} applies to {init} moped, found {init} map");
        assertThat(e.getMessage()).isEqualTo("moped-delta applies to init moped, found init map");
        assertThat(e.render(n -> "--" + n)).isEqualTo("--moped-delta applies to --init moped, found --init map");
        assertThat(e.option()).isEqualTo("moped-delta");
    }

    @Test
    void namesAreLowerCaseWords() {
        assertThatThrownBy(() -> OptionDescriptor.integer("k_reg", 1)).hasMessageContaining("k_reg");
    }
}
