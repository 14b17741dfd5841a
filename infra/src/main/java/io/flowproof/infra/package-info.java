package io.flowproof.infra;
