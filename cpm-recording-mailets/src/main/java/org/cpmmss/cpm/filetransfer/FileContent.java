package org.cpmmss.cpm.filetransfer;

import java.util.Arrays;
import java.util.Objects;

/** Bytes of a transferred file or thumbnail, with the content type of its part. */
public record FileContent(String contentType, byte[] data) {
    public FileContent {
        Objects.requireNonNull(contentType);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileContent f && contentType.equals(f.contentType) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * contentType.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FileContent[" + contentType + ", " + data.length + " bytes]";
    }
}
