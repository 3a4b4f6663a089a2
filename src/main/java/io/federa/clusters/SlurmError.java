package io.federa.clusters;

/**
 * One entry of slurmrestd's {@code errors} array.
 *
 * @param errorNumber Slurm's error number (2050 over quota, 2045 invalid account, 2002 permission
 *     denied, ...); 0 when Slurm gave none
 */
public record SlurmError(int errorNumber, String error, String source, String description) {

    /**
     * Words for people: the description and the error text, each once. v0.0.38 writes the reason into
     * the description ("unable to kill JobId=3 ...: Access/permission denied"); later versions write
     * only what failed there ("Batch job submission failed") and the reason into the error text.
     */
    public String message() {
        if (!description.isBlank()) {
            return error.isBlank() || description.contains(error) ? description : description + ": " + error;
        }
        return error.isBlank() ? "Slurm error " + errorNumber : error;
    }
}
