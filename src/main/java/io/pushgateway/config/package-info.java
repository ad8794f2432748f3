/**
 * Settings only: the typed, validated {@code push.*} properties
 * ({@link io.pushgateway.config.PushProperties}) and the few Spring and Camel settings derived
 * from them before the context starts ({@link io.pushgateway.config.DerivedSettings}). It decides
 * the defaults and which combinations are refused at start; it makes no beans.
 */
package io.pushgateway.config;
