package org.bdl4j.dropout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/**
 * MC dropout predicting from several threads at once on one loaded posterior (a service's pool, Spark
 * tasks sharing a model) gives every call the single-threaded result, bit for bit: its masks come from
 * the engine's one generator, seeded per call, which the call now holds while it draws. (Without that,
 * two threads interleave their draws and this test fails.)
 */
class McDropoutConcurrencyTest {
    @Test
    void concurrentCallsGiveTheSingleThreadedResult() throws Exception {
        Dataset data = TestTables.blobs(200, 2, 3, 5);
        OptionValues options = OptionValues.empty().with(RequestOptions.SEED, 2L).with(TrainingOptions.EPOCHS, 5)
                .with(McDropoutMethod.RATE, 0.2);
        try (McDropout mc = (McDropout) Methods.fit("mc-dropout", FitRequest.fromOptions(data, null, options).build())) {
            Dataset x = data.withoutTargets();
            double[][] reference = mc.predictClasses(x).probabilities();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<double[][]>> calls = new ArrayList<>();
                for (int c = 0; c < 16; c++) {
                    calls.add(pool.submit(() -> mc.predictClasses(x).probabilities()));
                }
                for (Future<double[][]> f : calls) {
                    assertThat(f.get()).isDeepEqualTo(reference);
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
