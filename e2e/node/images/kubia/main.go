// Command kubia is the seed's kubia app (Kubernetes in Action, ch. 9) as a static Go program.
// The version is set at build time (-ldflags "-X main.version=v3").
//
//	GET /          "This is v1 running in pod <hostname>"
//	GET /healthz   200 while the app is healthy, for readiness probes that should not count
//
// v3 is the seed's bad version: from the sixth request on (requests to any path but /healthz
// count), it answers 500 "Some internal error has occurred!" and /healthz answers 500 too. A
// readinessProbe on "/" counts its own requests, as in the book, and so fails after five probes.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"sync/atomic"
)

var version = "v1"

// failAfter is the number of good answers v3 gives before it starts failing.
const failAfter = 5

func main() {
	host, _ := os.Hostname()
	var requests atomic.Int64
	broken := func() bool { return version == "v3" && requests.Load() > failAfter }

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if broken() {
			http.Error(w, "unhealthy", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		log.Printf("Received request %d from %s", n, r.RemoteAddr)
		if broken() {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, "Some internal error has occurred! This is pod %s\n", host)
			return
		}
		fmt.Fprintf(w, "This is %s running in pod %s\n", version, host)
	})
	log.Printf("Kubia server %s starting...", version)
	log.Fatal(http.ListenAndServe(":8080", mux))
}
