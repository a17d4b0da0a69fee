package org.bdl4j.laplace;

import java.util.List;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.options.EnumNames;

/** Which weights the Laplace approximation treats as random; the others stay at the MAP. */
public enum SubsetOfWeights {
    /** The last Linear layer (weights and bias): the network below is a fixed feature map. */
    LAST_LAYER,
    /** Every Linear and Conv2d layer's weights and biases: all of the network's parameters. */
    ALL;

    /** The layers of this subset, from all of a network's Linear and Conv2d layers ({@link AffineLayer#of}). */
    public List<AffineLayer> select(List<? extends AffineLayer> layers) {
        return this == ALL ? List.copyOf(layers) : List.of(layers.get(layers.size() - 1));
    }

    public String cliName() {
        return EnumNames.of(this);
    }

    public static SubsetOfWeights parse(String text) {
        return EnumNames.parse(SubsetOfWeights.class, text, "subset");
    }
}
