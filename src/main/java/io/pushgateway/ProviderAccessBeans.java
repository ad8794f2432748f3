package io.pushgateway;

import io.pushgateway.config.PushProperties;
import io.pushgateway.provider.fcm.CredentialsSource;
import io.pushgateway.provider.http.ProviderTrust;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the gateway reaches its provider securely: the trust every HTTPS call to it uses (the FCM
 * send client and the OAuth token client get this one bean), and where a project without a key
 * file gets its Google credentials.
 */
@Configuration(proxyBeanMethods = false)
public class ProviderAccessBeans {

    /**
     * push.http.trust-ca-file or push.http.trust-ssl-bundle, read once at start (a missing or
     * unreadable file stops the start); neither means the JVM's trust store. Both become an SSL
     * bundle, so one loader (Spring Boot's) reads every kind of trust material.
     */
    @Bean
    ProviderTrust providerTrust(PushProperties props, ObjectProvider<SslBundles> sslBundles) {
        Path caFile = props.http().trustCaFile();
        String bundleName = props.http().trustSslBundle();
        SslBundle bundle;
        if (caFile != null) {
            bundle = SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(caFile.toUri().toString())));
        } else if (bundleName != null && !bundleName.isBlank()) {
            bundle = sslBundles.getObject().getBundle(bundleName);
        } else {
            return ProviderTrust.jvm();
        }
        return new ProviderTrust(bundle.getManagers().getTrustManagerFactory());
    }

    /** Google's Application Default Credentials, for push.provider=fcm without a key file; tests replace it. */
    @Bean
    CredentialsSource applicationDefaultCredentials() {
        return CredentialsSource.applicationDefault();
    }
}
