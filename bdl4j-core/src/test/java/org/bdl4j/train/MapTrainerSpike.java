package org.bdl4j.train;

import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.*;
import org.junit.jupiter.api.Test;

class MapTrainerSpike {
  @Test void speed() {
    int n = 55000, d = 784;
    float[] x = new float[n * d]; int[] y = new int[n];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
    for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
    Dataset ds = Dataset.classification(x, n, new int[]{d}, Dataset.defaultFeatureNames(d), y,
        List.of("0","1","2","3","4","5","6","7","8","9"), "y");
    try (Network net = Network.create(NetworkSpec.mlp(new int[]{d}, new int[]{256,256}, Activation.RELU, 0.1f, 10), DropoutMode.STANDARD, 1)) {
      TrainingResult res = MapTrainer.builder().optEpochs(2).optWeightDecay(5e-4).build().train(net, Likelihood.CATEGORICAL, ds);
      System.out.println(res);
    }
  }
}
