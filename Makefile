# Kubicle: the two commands a newcomer needs are `make run` and `make test`.
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
JAVA ?= java

.PHONY: run test build crds bench clean

## run: start the operator (against your cluster if a kubeconfig answers, else the embedded dev cluster)
# KUBICLE_MODE=auto is what allows the dev cluster: the jar alone (the image, the chart) never falls back to it.
KUBICLE_MODE ?= auto
run: build
	KUBICLE_MODE=$(KUBICLE_MODE) $(JAVA) -jar operator/target/kubicle-operator.jar

## test: every test that runs on a plain machine (k3s tests skip without Docker)
test:
	$(MVN) $(MVN_FLAGS) install

## build: compile and package all modules without running tests
build:
	$(MVN) $(MVN_FLAGS) -q -DskipTests install

## crds: regenerate the CRD YAML from the Java types (crds/generated and the Helm chart)
crds:
	$(MVN) $(MVN_FLAGS) -q -pl crds process-classes exec:java -Dexec.mainClass=dev.kubicle.api.crd.CrdExporter
	cp crds/generated/*.yaml helm/kubicle/crds/

## bench: print the figures: workspace scale, agent fleet, agent flood (heap, latency), agent start and memory, gateway sync, ssh through the tunnel, console API latency, task loop, template regex validation, admission latency
bench: build
	$(MVN) $(MVN_FLAGS) -q -pl operator dependency:build-classpath -Dmdep.includeScope=test \
	  -Dmdep.outputFile=target/bench.classpath
	cd operator && $(JAVA) -Xmx1g -cp "target/test-classes:target/classes:$$(cat target/bench.classpath)" \
	  dev.kubicle.operator.bench.Benchmarks
	$(MVN) $(MVN_FLAGS) -q -pl webhook exec:exec -Pbench

clean:
	$(MVN) $(MVN_FLAGS) -q clean
