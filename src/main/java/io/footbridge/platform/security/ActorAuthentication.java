package io.footbridge.platform.security;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Scope;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An authenticated {@link Actor}; the admin scope grants every scope's authority. */
class ActorAuthentication extends AbstractAuthenticationToken {

    private final Actor actor;

    ActorAuthentication(Actor actor) {
        super(authorities(actor));
        this.actor = actor;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Actor actor) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        Arrays.stream(Scope.values()).filter(actor::has)
                .forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
        if (actor.installationAdmin()) {
            authorities.add(new SimpleGrantedAuthority("ROLE_INSTALLATION_ADMIN"));
        }
        return authorities;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Actor getPrincipal() {
        return actor;
    }

    @Override
    public String getName() {
        return actor.id().toString();
    }
}
