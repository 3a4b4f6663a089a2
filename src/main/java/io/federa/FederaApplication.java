package io.federa;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/** Federa: the hub that federates Slurm clusters and Kubernetes for ML teams. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "shared")
public class FederaApplication {

    public static void main(String[] args) {
        SpringApplication.run(FederaApplication.class, args);
    }
}
