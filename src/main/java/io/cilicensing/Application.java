package io.cilicensing;

import io.cilicensing.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the HTTP decision service, or with a verb as first argument runs the command line
 * ({@code validate}, {@code scenarios}, {@code decide}; see {@code --help}).
 */
@SpringBootApplication
public class Application {
    public static void main(String[] args) {
        if (args.length > 0 && Cli.isVerb(args[0])) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication.run(Application.class, args);
    }
}
