package io.federa.models;

import java.util.Locale;

/** What a version's file is; the name is KServe's {@code modelFormat.name}. */
public enum ModelFormat {
    SKLEARN,
    ONNX,
    PYTORCH;

    public String kserveName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code sklearn} → SKLEARN; anything else is refused in words. */
    public static ModelFormat parse(String value) {
        for (ModelFormat f : values()) {
            if (f.kserveName().equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        throw new InvalidModelException("Unknown model format \"" + value + "\": use sklearn, onnx or pytorch.");
    }
}
