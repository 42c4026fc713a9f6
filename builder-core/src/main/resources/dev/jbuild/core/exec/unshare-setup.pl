# jbuild's unshare sandbox: one process from the JVM to the step's command (see UnshareSetup.java).
# Runs the plan file named by its argument: NUL-terminated words, each operation its name, the
# number of its arguments, then those. Every system call goes through syscall() with the numbers
# the plan's first operation gives, since perl-base has no wrappers for them and loading POSIX
# alone would cost about 15 ms. Anything that fails ends the setup with a "jbuild:" message.
use strict;

# what ps shows for the setup's processes (pid 1 of a root step's namespace among them), not this program's text
$0 = 'jbuild-sandbox-setup';
my $SETUP_FAILED = 125;
my ($plan) = @ARGV;
open(my $in, '<:raw', $plan) or fail("cannot read $plan: $!");
my @words = split(/\0/, do { local $/; <$in> }, -1);
close $in;
pop @words;
my @ops;
while (@words) {
    my ($name, $count) = splice(@words, 0, 2);
    push @ops, [$name, splice(@words, 0, $count)];
}
# Read now, while this process can: later it may be a namespace's root that the files are closed to.
for my $op (@ops) {
    $op->[2] = slurp($op->[1]) if $op->[0] eq 'seccomp';
    $op->[2] = slurp($op->[2]) if $op->[0] eq 'secret';
}
my %nr;
my @env;
run(0, scalar @ops);

sub run {
    my ($from, $to) = @_;
    for (my $i = $from; $i < $to; $i++) {
        my ($op, @a) = @{$ops[$i]};
        if ($op eq 'syscalls') {
            %nr = @a;
        } elsif ($op eq 'pdeathsig') {
            sys('prctl', 1, 9, 0, 0, 0); # PR_SET_PDEATHSIG, SIGKILL
        } elsif ($op eq 'unshare') {
            sys('unshare', 0 + $a[0]) == 0 or fail("cannot create the namespaces: $!");
        } elsif ($op eq 'ready') {
            $| = 1;
            print "$a[0]\n";
            my $go = <STDIN>;
            defined $go && $go eq "go\n" or exit($SETUP_FAILED);
            open(STDIN, '<', '/dev/null') or fail("cannot open /dev/null: $!");
        } elsif ($op eq 'fork') {
            forked();
        } elsif ($op eq 'hostname') {
            sys('sethostname', $a[0], length($a[0])) == 0 or fail("cannot set the host name: $!");
        } elsif ($op eq 'loopback') {
            # SIOCSIFFLAGS with IFF_UP|IFF_LOOPBACK|IFF_RUNNING on a 40-byte ifreq
            socket(my $s, 2, 2, 0) or fail("socket: $!");
            my $request = pack('a16sx22', 'lo', 0x49);
            ioctl($s, 0x8914, $request) or fail("cannot bring up lo: $!");
            close $s;
        } elsif ($op eq 'cd') {
            chdir($a[0]) or fail("cannot change directory to $a[0]: $!");
        } elsif ($op eq 'umask') {
            umask(oct($a[0]));
        } elsif ($op eq 'mount') {
            my ($source, $target, $type, $flags, $data) = @a;
            sys('mount', $source, $target, $type, 0 + $flags, $data) == 0
                or fail("cannot mount $source on $target ($type, flags $flags, $data): $!");
        } elsif ($op eq 'mkdir') {
            mkdir($a[0], oct($a[1])) && chmod(oct($a[1]), $a[0]) or fail("cannot make directory $a[0]: $!");
        } elsif ($op eq 'file') {
            open(my $f, '>', $a[0]) or fail("cannot make file $a[0]: $!");
            close($f);
            chmod(oct($a[1]), $a[0]) or fail("cannot chmod $a[0]: $!");
        } elsif ($op eq 'symlink') {
            symlink($a[0], $a[1]) or fail("cannot make link $a[1]: $!");
        } elsif ($op eq 'chown') {
            # fchownat(AT_FDCWD, path, uid, gid, flags): flags 0x100 is AT_SYMLINK_NOFOLLOW
            sys('fchownat', -100, $a[2], 0 + $a[0], 0 + $a[1], 0 + $a[3]) == 0 or fail("cannot chown $a[2]: $!");
        } elsif ($op eq 'chown-stdio') {
            # the step's stdio pipes, made by host root, become container root's, so /dev/stdout opens as in BuildKit
            for my $fh (\*STDIN, \*STDOUT, \*STDERR) { chown(0 + $a[0], 0 + $a[1], $fh) if -p $fh; }
        } elsif ($op eq 'print') {
            $| = 1;
            print "$a[0]\n";
        } elsif ($op eq 'rlimit') {
            sys('prlimit64', 0, 0 + $a[0], pack('QQ', $a[1], $a[2]), 0) == 0 or fail("cannot set limit $a[0]: $!");
        } elsif ($op eq 'userns') {
            $i = userns($i, @a);
        } elsif ($op eq 'gid') {
            my ($gid, @groups) = @a;
            sys('setgroups', scalar @groups, pack('L*', @groups, 0)) == 0 or fail("setgroups: $!");
            sys('setresgid', 0 + $gid, 0 + $gid, 0 + $gid) == 0 or fail("setresgid $gid: $!");
        } elsif ($op eq 'uid') {
            sys('setresuid', 0 + $a[0], 0 + $a[0], 0 + $a[0]) == 0 or fail("setresuid $a[0]: $!");
        } elsif ($op eq 'seccomp') {
            # struct sock_fprog { unsigned short len; struct sock_filter *filter; }; SECCOMP_SET_MODE_FILTER, no flags
            my $bpf = $a[1];
            length($bpf) % 8 == 0 && length($bpf) > 0 or seccompFailed("$a[0] is not a BPF program");
            sys('seccomp', 1, 0, pack('S x![P] P', length($bpf) / 8, $bpf)) == 0
                or seccompFailed("the kernel refused the filter $a[0]: $!");
        } elsif ($op eq 'bounding-set') {
            my %keep = map { $_ => 1 } @a;
            for my $cap (0 .. 63) {
                next if $keep{$cap};
                # PR_CAPBSET_DROP; EINVAL past the kernel's last capability
                sys('prctl', 24, $cap, 0, 0, 0) == 0 or $! == 22 or fail("cannot drop capability $cap: $!");
            }
        } elsif ($op eq 'env') {
            push @env, @a;
        } elsif ($op eq 'secret') {
            push @env, "$a[0]=$a[1]";
        } elsif ($op eq 'chroot') {
            chroot('.') or fail("cannot change root: $!");
            chdir($a[0]) or fail("cannot change directory to $a[0]: $!");
        } elsif ($op eq 'exec') {
            %ENV = ();
            for (@env) { my ($k, $v) = split(/=/, $_, 2); $ENV{$k} = $v; }
            { exec { $a[0] } @a; }
            print STDERR "jbuild: cannot run $a[0]: $!\n";
            exit($! == 2 ? 127 : 126);
        } else {
            fail("unknown operation $op");
        }
    }
}

# The pid namespace's first process is the child; this one waits and passes on its status.
sub forked {
    my $pid = fork() // fail("fork: $!");
    if ($pid == 0) {
        sys('prctl', 1, 9, 0, 0, 0); # dies with its parent
        return;
    }
    $SIG{INT} = $SIG{TERM} = 'IGNORE';
    waitpid($pid, 0);
    exit(($? & 127) ? 128 + ($? & 127) : $? >> 8);
}

# Host root's entry into the step's user namespace, last, once it has mounted everything with its
# full privileges (see RootUserNamespace.java): the child unshares the namespace, which the kernel
# allows only while the root is still its mount namespace's root; the parent writes the child's
# id maps through the step's /proc, runs the next $count operations (moving the root over /) and
# then lets the child, now root of its namespace, go on with the rest.
sub userns {
    my ($at, $uidmap, $gidmap, $proc, $count) = @_;
    pipe(my $rr, my $rw) or fail("pipe: $!");
    pipe(my $gr, my $gw) or fail("pipe: $!");
    my $pid = fork() // fail("fork: $!");
    if ($pid == 0) {
        close $rr; close $gw;
        sys('unshare', 0x10000000) == 0 or fail("cannot create the user namespace: $!");
        syswrite($rw, 'u'); close $rw;
        sysread($gr, my $b, 1) == 1 or exit($SETUP_FAILED);
        close $gr;
        sys('setgroups', 1, pack('L*', 0, 0)) == 0 or fail("setgroups: $!");
        sys('setresgid', 0, 0, 0) == 0 or fail("setresgid: $!");
        sys('setresuid', 0, 0, 0) == 0 or fail("setresuid: $!");
        return $at + $count;
    }
    close $rw; close $gr;
    sysread($rr, my $b, 1) == 1 or fail("the user namespace was not created");
    for (['gid_map', $gidmap], ['uid_map', $uidmap]) {
        open(my $f, '>', "$proc/$pid/$_->[0]") or fail("open $_->[0]: $!");
        syswrite($f, $_->[1]) or fail("write $_->[0]: $!");
        close($f);
    }
    run($at + 1, $at + 1 + $count);
    syswrite($gw, 'g'); close $gw;
    waitpid($pid, 0);
    exit(($? & 127) ? 128 + ($? & 127) : $? >> 8);
}

sub sys {
    my $name = shift;
    my $number = $nr{$name} // fail("no system call number for $name");
    return syscall($number, @_);
}

sub slurp {
    my ($file) = @_;
    open(my $h, '<:raw', $file) or fail("cannot open $file: $!");
    my $content = do { local $/; <$h> };
    close $h;
    return $content;
}

sub seccompFailed {
    print STDERR "jbuild seccomp: $_[0]\n";
    exit($SETUP_FAILED);
}

sub fail {
    print STDERR "jbuild: $_[0]\n";
    exit($SETUP_FAILED);
}
