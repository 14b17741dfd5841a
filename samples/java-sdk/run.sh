#!/usr/bin/env sh
# Builds the Java SDK jar and runs CheckoutFlow.java against a running Flowproof app.
# Usage: samples/java-sdk/run.sh [charged-amount]   (a charged amount other than 120.5 makes the run fail)
# Backend: FLOWPROOF_URL (default http://localhost:13370); key: FLOWPROOF_API_KEY, else the local app's generated
# key in ${FLOWPROOF_DATA_DIR:-~/.flowproof}/api-key.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
if [ -z "$FLOWPROOF_API_KEY" ] && [ -z "$BUSINESS_USE_API_KEY" ]; then
  KEY_FILE="${FLOWPROOF_DATA_DIR:-$HOME/.flowproof}/api-key"
  [ -r "$KEY_FILE" ] && FLOWPROOF_API_KEY=$(cat "$KEY_FILE") && export FLOWPROOF_API_KEY
fi
./mvnw -B -q package dependency:build-classpath -pl sdk-java -am -Dsdk.standalone -DskipTests \
  -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
CP="$(ls sdk-java/target/flowproof-sdk-*.jar | grep -v -e sources -e javadoc | head -n 1):$(cat sdk-java/target/runtime-classpath.txt)"
exec java -cp "$CP" samples/java-sdk/CheckoutFlow.java "$@"
