#!/bin/sh
# Stand-in for qemu-system-x86_64 in the harness tests. Behaviour is chosen
# through the environment:
#   FAKE_QEMU_LOG   console text to print on stdout (a fixture)
#   FAKE_QEMU_ARGS  file that receives the argument list, one per line
#   FAKE_QEMU_SLEEP seconds to hang after printing (to hit the time limit)
#   FAKE_QEMU_KVM   "boot": print a boot banner when run with -accel kvm;
#                   anything else: hang like a KVM guest stuck in firmware
for a in "$@"; do
  if [ "$prev" = "-accel" ] && [ "$a" = "kvm" ]; then kvm=1; fi
  prev=$a
done
if [ -n "$kvm" ]; then
  if [ "$FAKE_QEMU_KVM" = "boot" ]; then
    echo "[    0.000000] Linux version 7.3.4 (fake) #1"
  fi
  exec sleep 30
fi
if [ -n "$FAKE_QEMU_ARGS" ]; then
  for a in "$@"; do printf '%s\n' "$a"; done > "$FAKE_QEMU_ARGS"
fi
echo "fake qemu: starting" >&2
if [ -n "$FAKE_QEMU_LOG" ]; then cat "$FAKE_QEMU_LOG"; fi
if [ -n "$FAKE_QEMU_SLEEP" ]; then exec sleep "$FAKE_QEMU_SLEEP"; fi
exit 0
