package org.bdl4j.ensemble;

import java.util.List;
import org.bdl4j.train.EpochRecord;
import org.bdl4j.train.TrainingListener;
import org.bdl4j.train.TrainingResult;

/**
 * Shows M members trained at once, on several threads, to a trainer's listeners as one run: one start
 * (with M times a member's epoch budget), every member's batches and epochs as they come, and one end
 * after the last member's. Calls are serialised, so listeners written for one training thread (a
 * progress bar) stay correct.
 */
final class JointMemberProgress implements TrainingListener {
    private final List<TrainingListener> listeners;
    private final int members;
    private int started;
    private int ended;

    JointMemberProgress(List<TrainingListener> listeners, int members) {
        this.listeners = List.copyOf(listeners);
        this.members = members;
    }

    @Override
    public synchronized void onStart(int epochs, int batchesPerEpoch) {
        if (started++ == 0) {
            int total = (int) Math.min(Integer.MAX_VALUE, (long) epochs * members);
            listeners.forEach(l -> l.onStart(total, batchesPerEpoch));
        }
    }

    @Override
    public synchronized void onBatch(int epoch, int batch, double meanNll) {
        listeners.forEach(l -> l.onBatch(epoch, batch, meanNll));
    }

    @Override
    public synchronized void onEpoch(EpochRecord record) {
        listeners.forEach(l -> l.onEpoch(record));
    }

    @Override
    public synchronized void onEnd(TrainingResult result) {
        if (++ended == members) {
            listeners.forEach(l -> l.onEnd(result));
        }
    }
}
