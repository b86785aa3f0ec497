// The floor of any admission webhook: allows every review and answers /mutate with the same
// one-field patch rollout-guard makes for a :latest image (imagePullPolicy: Always), without
// looking at the object. HTTPS (HTTP/2) on loopback with the certificate the bench script makes.
//
//	noop-webhook -addr 127.0.0.1:PORT -cert tls.crt -key tls.key
package main

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"log"
	"net/http"
)

var patch = base64.StdEncoding.EncodeToString([]byte(
	`[{"op":"replace","path":"/spec/template/spec/containers/0/imagePullPolicy","value":"Always"}]`))

type review struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Request    *struct {
		UID string `json:"uid"`
	} `json:"request,omitempty"`
	Response map[string]any `json:"response,omitempty"`
}

func handler(mutate bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in review
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Request == nil {
			http.Error(w, "not an AdmissionReview", http.StatusBadRequest)
			return
		}
		response := map[string]any{"uid": in.Request.UID, "allowed": true}
		if mutate {
			response["patchType"] = "JSONPatch"
			response["patch"] = patch
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(review{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview", Response: response})
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	cert := flag.String("cert", "tls.crt", "serving certificate (PEM)")
	key := flag.String("key", "tls.key", "serving key (PEM)")
	flag.Parse()
	mux := http.NewServeMux()
	mux.HandleFunc("/mutate", handler(true))
	mux.HandleFunc("/validate", handler(false))
	log.Fatal(http.ListenAndServeTLS(*addr, *cert, *key, mux))
}
