plugins {
    kotlin("jvm") version "1.9.23"
}

dependencies {
    implementation("org.apache.kafka:kafka-clients:3.7.0")
}
