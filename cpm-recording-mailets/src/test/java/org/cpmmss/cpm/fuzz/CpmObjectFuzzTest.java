package org.cpmmss.cpm.fuzz;

import java.util.Arrays;

import org.cpmmss.cpm.object.CpmObjectClassifier;
import org.cpmmss.cpm.object.CpmObjects;
import org.cpmmss.cpm.object.StoredObject;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the stored-object MIME parser, the CPM object classifier and the typed readers on top of them. */
class CpmObjectFuzzTest {
    private final CpmObjectClassifier classifier = new CpmObjectClassifier();
    private final CpmObjects objects = new CpmObjects();

    @FuzzTest(maxDuration = "10m")
    void cpmObject(byte[] input) {
        ParserContract.valueOrTypedError(in -> {
            StoredObject o = StoredObject.parse(in);
            if (!Arrays.equals(o.bytes(), in)) {
                throw new IllegalStateException("object bytes not kept as received");
            }
            if (classifier.classify(o) == null) {
                throw new IllegalStateException("no classification");
            }
            o.headers().direction();
            o.headers().dateValue();
            objects.readCpim(o);
        }, input);
        ParserContract.valueOrTypedError(in -> objects.readNotification(StoredObject.parse(in)), input);
        ParserContract.valueOrTypedError(in -> objects.readGroupState(StoredObject.parse(in)), input);
        ParserContract.valueOrTypedError(in -> objects.readFileTransferHttp(StoredObject.parse(in)), input);
    }
}
