package org.bdl4j.continual;

import org.bdl4j.options.EnumNames;

/**
 * The three continual-learning scenarios of van de Ven &amp; Tolias (2019), which differ in what the
 * network is told at test time.
 */
public enum Scenario implements EnumNames.Named {
    /** The same classes in every task, the inputs change (permuted pixels); one shared head. */
    DOMAIN("domain"),
    /** Disjoint classes per task, and the task is known at test time: a head per task. */
    TASK("task"),
    /** Disjoint classes per task, the task unknown at test time: one head over every class. */
    CLASS("class");

    private final String cliName;

    Scenario(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    /** @throws org.bdl4j.options.InvalidOptionException for an unknown name */
    public static Scenario parse(String text) {
        return EnumNames.parse(Scenario.class, text, "scenario");
    }
}
