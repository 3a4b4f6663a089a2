package io.federa.kubernetes;

import java.util.Optional;

/**
 * Where a team's Profile quota comes from: implemented by the module that owns quotas ({@code
 * quota}, which may use this module; this module does not know it). Empty means the Profile carries
 * no resource quota.
 */
public interface ProfileQuotas {

    Optional<ProfileQuota> profileQuotaOf(String team, String cluster);
}
