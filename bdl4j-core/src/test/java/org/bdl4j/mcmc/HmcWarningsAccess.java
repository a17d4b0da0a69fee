package org.bdl4j.mcmc;

import java.util.List;

/** Test access to HMC's package-private mixing rule. */
public final class HmcWarningsAccess {
    private HmcWarningsAccess() {}

    public static List<String> mixing(double rhat, double ess) {
        return Hmc.mixingWarnings(rhat, ess);
    }
}
