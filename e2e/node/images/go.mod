module rolloutguard.io/e2e/node/images

go 1.26.0
