"""Running claims: catalogue loading, the runner, parallel workers, shards and merge."""
