package io.footbridge.platform.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * The console's file upload, whose form fields (the CSRF token among them) are parts of the multipart body: reading
 * one makes the server read, and spool to disk, the whole file. It is read only for someone signed in, so nobody
 * can fill the disk before the login check; a body that is not a readable multipart form reads as no fields (the
 * CSRF check then refuses it) rather than failing as an error.
 */
final class SignedInUpload extends HttpServletRequestWrapper {

    SignedInUpload(HttpServletRequest request) {
        super(request);
    }

    @Override
    public String getParameter(String name) {
        String[] values = getParameterValues(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        if (!signedIn()) {
            return Map.of();
        }
        try {
            return super.getParameterMap();
        } catch (InvalidParameterException unreadable) {
            return Map.of();
        }
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        return getParameterMap().get(name);
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return signedIn() ? super.getParts() : List.of();
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        return signedIn() ? super.getPart(name) : null;
    }

    private static boolean signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }
}
