// Sends ?dryRun=All creates of one Deployment to the API server, one namespace per admission
// configuration, in interleaved rounds, sequentially and from N concurrent clients (each its own
// HTTP/2 connection, as separate controllers would have). Every response is checked: 201 and the
// expected imagePullPolicy. Prints per configuration the median and p99 latency, the throughput,
// and the added median latency over the no-admission baseline with its ratios to the no-op
// webhook's and to CEL's.
//
//	load -server URL -ca ca.crt -cert admin.crt -key admin.key -object deployment.json \
//	  -configs none=IfNotPresent,noop=Always,... -rounds 10 -n 100 -clients 8 -warmup 300
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

type config struct{ name, namespace, expect string }

type result struct {
	seq, conc []time.Duration
	concWall  time.Duration
	concN     int
}

func client(caFile, certFile, keyFile string) *http.Client {
	ca, err := os.ReadFile(caFile)
	check(err)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	check(err)
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig:   &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}},
			ForceAttemptHTTP2: true,
		},
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// create sends one dry-run create and fails the run on any unexpected answer.
func create(c *http.Client, server, object string, cfg config) time.Duration {
	url := server + "/apis/apps/v1/namespaces/" + cfg.namespace + "/deployments?dryRun=All"
	start := time.Now()
	resp, err := c.Post(url, "application/json", bytes.NewBufferString(object))
	check(err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	elapsed := time.Since(start)
	check(err)
	if resp.StatusCode != 201 || !strings.Contains(string(body), `"imagePullPolicy":"`+cfg.expect+`"`) {
		fmt.Fprintf(os.Stderr, "%s: unexpected answer %d: %.400s\n", cfg.name, resp.StatusCode, body)
		os.Exit(1)
	}
	return elapsed
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(p*float64(len(s)-1)+0.5)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func main() {
	server := flag.String("server", "", "API server URL")
	caFile := flag.String("ca", "", "API server CA")
	certFile := flag.String("cert", "", "client certificate")
	keyFile := flag.String("key", "", "client key")
	objectFile := flag.String("object", "", "Deployment JSON")
	configs := flag.String("configs", "", "name=namespace:expectedPullPolicy,...")
	rounds := flag.Int("rounds", 10, "interleaved rounds")
	n := flag.Int("n", 100, "sequential requests per configuration and round")
	clients := flag.Int("clients", 8, "concurrent clients")
	warmup := flag.Int("warmup", 300, "unmeasured requests per configuration first")
	flag.Parse()
	raw, err := os.ReadFile(*objectFile)
	check(err)
	object := string(raw)
	var cfgs []config
	for _, c := range strings.Split(*configs, ",") {
		name, rest, _ := strings.Cut(c, "=")
		ns, expect, _ := strings.Cut(rest, ":")
		cfgs = append(cfgs, config{name, ns, expect})
	}
	seqClient := client(*caFile, *certFile, *keyFile)
	concClients := make([]*http.Client, *clients)
	for i := range concClients {
		concClients[i] = client(*caFile, *certFile, *keyFile)
	}
	results := map[string]*result{}
	for _, cfg := range cfgs {
		results[cfg.name] = &result{}
		for i := 0; i < *warmup; i++ {
			create(concClients[i%*clients], *server, object, cfg)
		}
	}
	for r := 0; r < *rounds; r++ {
		fmt.Fprintf(os.Stderr, "round %d/%d\n", r+1, *rounds)
		for k := range cfgs { // a different configuration goes first each round
			cfg := cfgs[(k+r)%len(cfgs)]
			res := results[cfg.name]
			for i := 0; i < *n; i++ {
				res.seq = append(res.seq, create(seqClient, *server, object, cfg))
			}
			var mu sync.Mutex
			var wg sync.WaitGroup
			start := time.Now()
			for c := 0; c < *clients; c++ {
				wg.Add(1)
				go func(c int) {
					defer wg.Done()
					for i := 0; i < *n; i++ {
						d := create(concClients[c], *server, object, cfg)
						mu.Lock()
						res.conc = append(res.conc, d)
						mu.Unlock()
					}
				}(c)
			}
			wg.Wait()
			res.concWall += time.Since(start)
			res.concN += *clients * *n
		}
	}
	base := results[cfgs[0].name]
	added := func(name string, conc bool) float64 {
		res, ok := results[name]
		if !ok {
			return 0
		}
		if conc {
			return ms(percentile(res.conc, 0.5)) - ms(percentile(base.conc, 0.5))
		}
		return ms(percentile(res.seq, 0.5)) - ms(percentile(base.seq, 0.5))
	}
	ratio := func(a, b float64) string {
		if b <= 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", a/b)
	}
	fmt.Printf("%d rounds x %d sequential + %d clients x %d concurrent ?dryRun=All creates per configuration (all responses checked)\n\n",
		*rounds, *n, *clients, *n)
	fmt.Printf("| configuration | sequential p50 | p99 | added p50 | %d clients p50 | p99 | added p50 | creates/s (%d clients) | added ÷ no-op | added ÷ CEL |\n", *clients, *clients)
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, cfg := range cfgs {
		res := results[cfg.name]
		s, c := added(cfg.name, false), added(cfg.name, true)
		fmt.Printf("| %s | %.2f ms | %.2f ms | %+.2f ms | %.2f ms | %.2f ms | %+.2f ms | %.0f | %s / %s | %s / %s |\n",
			cfg.name, ms(percentile(res.seq, 0.5)), ms(percentile(res.seq, 0.99)), s,
			ms(percentile(res.conc, 0.5)), ms(percentile(res.conc, 0.99)), c,
			float64(res.concN)/res.concWall.Seconds(),
			ratio(s, added("noop", false)), ratio(c, added("noop", true)),
			ratio(s, added("cel", false)), ratio(c, added("cel", true)))
	}
	fmt.Println("\nadded = median minus the no-admission median; ratios are sequential / concurrent.")
}
