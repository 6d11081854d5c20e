package dev.chaosproxy.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application that depends on a remote quote service, over HTTP. */
@SpringBootApplication
public class QuoteApplication {
  public static void main(String[] args) {
    SpringApplication.run(QuoteApplication.class, args);
  }
}
