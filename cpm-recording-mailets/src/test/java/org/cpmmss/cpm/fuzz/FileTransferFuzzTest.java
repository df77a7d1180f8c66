package org.cpmmss.cpm.fuzz;

import org.cpmmss.cpm.filetransfer.FileTransferObjects;
import org.cpmmss.cpm.fthttp.FtHttpInfo;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the file-transfer history reader and the FT-over-HTTP file-info XML parser. */
class FileTransferFuzzTest {
    private final FileTransferObjects fileTransfers = new FileTransferObjects();

    @FuzzTest(maxDuration = "10m")
    void fileTransfer(byte[] input) {
        ParserContract.valueOrTypedError(fileTransfers::read, input);
        ParserContract.valueOrTypedError(FtHttpInfo::parse, input);
    }
}
