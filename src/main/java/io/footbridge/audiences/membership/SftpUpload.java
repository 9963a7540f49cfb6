package io.footbridge.audiences.membership;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.UserInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Puts a file on a partner's SFTP server with JSch: only after the server has shown the host key whose fingerprint
 * the destination keeps (no other key is trusted, none is learnt), signed in by password or private key, written
 * under a {@code .part} name and renamed into place, so the partner's job never picks up half a file.
 */
final class SftpUpload {

    /** A fingerprint as OpenSSH shows it: SHA256, base64 without padding. */
    static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    private static final int TIMEOUT_MILLIS = 20_000;

    /** Where to and how to sign in; {@code secret} is the password or the private key, opened. */
    record Target(String host, int port, String user, String path, boolean key, String secret, String hostKey) {

        /** Never the secret, should a target ever be printed. */
        @Override
        public String toString() {
            return "sftp://" + user + "@" + host + ":" + port;
        }
    }

    /** The server showed another host key than the one kept: nothing was sent. */
    static final class HostKeyMismatch extends JSchException {
        HostKeyMismatch(String shown) {
            super("the server's host key is " + shown + ", not the one kept for this destination");
        }
    }

    private SftpUpload() {
    }

    /** Whether JSch can read the key (OpenSSH or PEM, without a passphrase). */
    static boolean readable(String privateKey) {
        try {
            KeyPair pair = KeyPair.load(new JSch(), privateKey.getBytes(StandardCharsets.UTF_8), null);
            boolean usable = !pair.isEncrypted();
            pair.dispose();
            return usable;
        } catch (JSchException | RuntimeException e) {
            return false;
        }
    }

    /** The fingerprint of an SSH public key blob. */
    static String fingerprint(byte[] blob) {
        try {
            return "SHA256:" + Base64.getEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void put(Target target, Path local, String name) throws JSchException, SftpException {
        JSch jsch = new JSch();
        String[] shown = new String[1];
        jsch.setHostKeyRepository(new OnlyKey(target.hostKey(), shown));
        if (target.key()) {
            jsch.addIdentity("audience-file", target.secret().getBytes(StandardCharsets.UTF_8), null, null);
        }
        Session session = jsch.getSession(target.user(), target.host(), target.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", target.key() ? "publickey" : "password");
        if (!target.key()) {
            session.setPassword(target.secret());
        }
        session.setUserInfo(new Silent());
        session.setTimeout(TIMEOUT_MILLIS);
        try {
            try {
                session.connect(TIMEOUT_MILLIS);
            } catch (JSchException e) {
                if (shown[0] != null) {
                    throw new HostKeyMismatch(shown[0]);
                }
                throw e;
            }
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(TIMEOUT_MILLIS);
            try {
                String folder = target.path() == null || target.path().isEmpty() ? ""
                        : target.path().endsWith("/") ? target.path() : target.path() + "/";
                String part = folder + "." + name + ".part";
                sftp.put(local.toString(), part);
                sftp.rename(part, folder + name);
            } finally {
                sftp.disconnect();
            }
        } finally {
            session.disconnect();
        }
    }

    /** Trusts the one host key whose fingerprint is kept; remembers what another server showed. */
    private static final class OnlyKey implements HostKeyRepository {

        private final String fingerprint;
        private final String[] shown;

        OnlyKey(String fingerprint, String[] shown) {
            this.fingerprint = fingerprint;
            this.shown = shown;
        }

        @Override
        public int check(String host, byte[] key) {
            String actual = fingerprint(key);
            if (MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                    fingerprint.getBytes(StandardCharsets.US_ASCII))) {
                return OK;
            }
            shown[0] = actual;
            return NOT_INCLUDED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // nothing is learnt: the one key is the one given
        }

        @Override
        public void remove(String host, String type) {
        }

        @Override
        public void remove(String host, String type, byte[] key) {
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return "audience-file-destination";
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }

    /** Answers no to every question JSch might ask (there is nobody to ask). */
    private static final class Silent implements UserInfo {
        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
        }
    }
}
