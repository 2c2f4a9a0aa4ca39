terraform {
  required_providers {
    kafka = {
      source  = "Mongey/kafka"
      version = "0.7.1"
    }
  }
}

resource "kafka_topic" "dispatch_pod" {
  name               = "dispatch.pod"
  replication_factor = 3
  partitions         = 12
  config = {
    "min.insync.replicas" = "2"
    "cleanup.policy"      = "delete"
  }
}

resource "kafka_topic" "tracking_positions" {
  name               = "tracking.positions"
  replication_factor = 2 # expect: min-insync-replicas-low
  partitions         = 24
  config = {
    "min.insync.replicas" = "2"
  }
}
