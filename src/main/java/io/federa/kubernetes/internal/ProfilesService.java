package io.federa.kubernetes.internal;

import io.federa.kubernetes.ProfileStatus;
import io.federa.kubernetes.TeamProfiles;
import java.util.List;
import org.springframework.stereotype.Service;

@Service
class ProfilesService implements TeamProfiles {

    private final ProfilePusher pusher;

    ProfilesService(ProfilePusher pusher) {
        this.pusher = pusher;
    }

    @Override
    public String profileName(String cluster, String team) {
        return pusher.ref(cluster).profileName(team);
    }

    @Override
    public ProfileStatus status(String team, String cluster) {
        return pusher.status(team, cluster);
    }

    @Override
    public List<ProfileStatus> all() {
        return pusher.all();
    }

    @Override
    public ProfileStatus push(String team, String cluster) {
        return pusher.push(team, cluster);
    }
}
