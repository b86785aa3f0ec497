//go:build tools

// Package tools pins the CNCF distribution registry, which e2e/node runs on loopback as the
// registry the same-tag test pushes to and containerd pulls from over plain HTTP.
package tools

import (
	_ "github.com/distribution/distribution/v3/cmd/registry"
)
