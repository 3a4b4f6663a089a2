package io.federa.clusters;

/**
 * One entry of slurmrestd's {@code errors} array.
 *
 * @param errorNumber Slurm's error number (2050 over quota, 2045 invalid account, 2002 permission
 *     denied, ...); 0 when Slurm gave none
 */
public record SlurmError(int errorNumber, String error, String source, String description) {

    /** Words for people: the description when Slurm wrote one, else the error text. */
    public String message() {
        if (!description.isBlank()) {
            return description;
        }
        return error.isBlank() ? "Slurm error " + errorNumber : error;
    }
}
