package org.bdl4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.ood.RejectionFile;

/**
 * Scores one partition: reads {@link ScoreSpec#batchSize} rows at a time, turns their feature columns
 * into one {@link Dataset} ({@link FeatureReader}), calls the executor's shared model ({@link
 * ModelCache}) once per batch and emits each input row followed by its {@link ScoreColumns}. The
 * partition is streamed: one batch is held at a time. No shuffle. With the spec's rejection rule the
 * predictive comes from the rule's scorer ({@link RejectionColumns}); a conformal predictor adds its
 * sets or intervals ({@link ConformalColumns}).
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoreSpec spec;
    private final FeatureReader features;

    PartitionScorer(ScoreSpec spec, FeatureReader features) {
        this.spec = spec;
        this.features = features;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        Posterior model = ModelCache.get(spec.model());
        RejectionFile.Loaded rule = spec.reject() ? ModelCache.rejection(spec.model()) : null;
        TaskThreads.prepare();
        return new Iterator<>() {
            private final List<Row> out = new ArrayList<>();
            private int next;
            private long rowsRead;

            @Override
            public boolean hasNext() {
                if (next < out.size()) {
                    return true;
                }
                out.clear();
                next = 0;
                List<Row> batch = new ArrayList<>(spec.batchSize());
                while (batch.size() < spec.batchSize() && input.hasNext()) {
                    batch.add(input.next());
                }
                if (batch.isEmpty()) {
                    return false;
                }
                Dataset x = features.read(batch, rowsRead);
                rowsRead += batch.size();
                Predictive p;
                List<Object[]> extra = new ArrayList<>();
                if (rule != null) {
                    RejectionColumns.Scored scored = RejectionColumns.of(rule, x, spec.model());
                    p = scored.predictive();
                    extra.addAll(scored.columns());
                } else {
                    p = model.predict(x);
                }
                if (spec.conformal() != null) {
                    extra.addAll(ConformalColumns.of(spec, p));
                }
                List<Object[]> appended = ScoreColumns.values(p, spec.level(), extra);
                for (int i = 0; i < batch.size(); i++) {
                    out.add(joined(batch.get(i), appended.get(i)));
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return out.get(next++);
            }
        };
    }

    private static Row joined(Row in, Object[] appended) {
        Object[] values = new Object[in.length() + appended.length];
        for (int j = 0; j < in.length(); j++) {
            values[j] = in.get(j);
        }
        System.arraycopy(appended, 0, values, in.length(), appended.length);
        return RowFactory.create(values);
    }
}
